from tests.rig.fixtures import _isolated_dirs, tiny_model  # noqa: F401  (shared fixtures)
