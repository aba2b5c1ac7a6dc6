from tests.rig.fixtures import tiny_model  # noqa: F401  (shared fixture)
