"""Project files (versioned JSON, written atomically) and the analysis cache."""

from desktop_app.project.atomic import atomic_write_bytes, atomic_write_text
from desktop_app.project.cache import AnalysisCache, content_hash, default_cache_dir
from desktop_app.project.schema import (
    SCHEMA_VERSION,
    Project,
    analysis_from_dict,
    analysis_to_dict,
    project_from_dict,
    project_to_dict,
    project_to_json,
)
from desktop_app.project.store import default_project_path, load_project, save_project

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisCache",
    "Project",
    "analysis_from_dict",
    "analysis_to_dict",
    "atomic_write_bytes",
    "atomic_write_text",
    "content_hash",
    "default_cache_dir",
    "default_project_path",
    "load_project",
    "project_from_dict",
    "project_to_dict",
    "project_to_json",
    "save_project",
]
