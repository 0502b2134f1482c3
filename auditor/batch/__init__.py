"""Batch audits: many articles from dumps, folders, titles or categories, on local workers or Dask.

run.py plans and resumes a run; tasks.py and pool.py do the work on local worker processes,
dask_engine.py on a Dask cluster; store.py keeps the output durable; report.py writes the summary
and the HTML of the worst articles.
"""
