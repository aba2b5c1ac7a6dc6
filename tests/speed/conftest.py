from tests.rig.fixtures import _isolated_dirs, show_video, tiny_model  # noqa: F401  (shared fixtures)
