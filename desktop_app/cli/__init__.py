"""The headless face: ``cutmark process``, ``cutmark models``. No Qt here."""
