"""``cutmark batch``: many files, one output folder, resumable; here or on a Ray cluster.

inputs (what to do) -> work (one item's two halves, the pipeline's own stages) ->
local / ray_runner (who does it) -> run (the driver: writes, counts, reports).
Ray is imported only by :mod:`desktop_app.batch.ray_runner`, and only inside it.
"""
