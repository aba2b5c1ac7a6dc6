import pytest

from desktop_app import export as exports
from desktop_app.core.errors import ExportError
from desktop_app.export import Exporter
from desktop_app.project import Project
from tests.project.factories import sample_analysis

ALL = [
    "srt",
    "vtt",
    "txt",
    "json",
    "fcp7xml",
    "fcpxml",
    "edl",
    "otio",
    "mlt",
    "kdenlive",
    "csv",
    "chapters",
    "markers-edl",
]
SUFFIXES = {"fcp7xml": ".xml", "chapters": ".chapters.txt", "markers-edl": ".markers.edl"}


def test_builtin_formats_are_registered_on_import():
    assert exports.names()[: len(ALL)] == ALL
    for name in ALL:
        exporter = exports.get(name)
        assert (
            exporter.name == name
            and exporter.suffix == SUFFIXES.get(name, f".{name}")
            and exporter.description
        )
    assert exports.by_suffix("xml").name == "fcp7xml" and exports.by_suffix(".edl").name == "edl"
    assert exports.get(" SRT ") is exports.get("srt")


@pytest.mark.parametrize("suffix", [".srt", "srt", ".SRT"])
def test_by_suffix(suffix):
    assert exports.by_suffix(suffix).name == "srt"


def test_unknown_suffix_lists_the_known_ones():
    with pytest.raises(ExportError, match=r"no format writes '\.xyz' files; known suffixes: \.srt, \.vtt"):
        exports.by_suffix("xyz")


def test_unknown_format_lists_the_names(tmp_path):
    with pytest.raises(ExportError) as info:
        exports.export(Project(sample_analysis()), ["srt", "xyz"], tmp_path, stem="talk")
    assert f"unknown format 'xyz'; choose from: {', '.join(ALL)}" in str(info.value)
    assert info.value.hint
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportError, match="no format chosen"):
        exports.export(Project(sample_analysis()), [], tmp_path, stem="talk")


class _Upper(Exporter):
    name = "upper"
    suffix = ".up.txt"
    description = "test format"

    def write(self, project, path, options):
        path.write_text("HELLO", encoding="utf-8")
        return path


def test_register_a_new_format_and_refuse_duplicates(tmp_path):
    exporter = exports.register(_Upper())
    try:
        assert "upper" in exports.names() and exports.by_suffix(".up.txt") is exporter
        with pytest.raises(ExportError, match="already registered"):
            exports.register(_Upper())
        [path] = exports.export(Project(sample_analysis()), ["upper"], tmp_path, stem="x")
        assert path.name == "x.up.txt" and path.read_text(encoding="utf-8") == "HELLO"
    finally:
        exports.unregister("upper")
    assert "upper" not in exports.names()


@pytest.mark.parametrize(("name", "suffix"), [("Bad Name", ".x"), ("ok", "x"), ("", ".x"), ("ok", "")])
def test_register_checks_name_and_suffix(name, suffix):
    bad = _Upper()
    bad.name, bad.suffix = name, suffix
    with pytest.raises(ExportError):
        exports.register(bad)
