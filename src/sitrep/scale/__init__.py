"""Scale-out: the per-batch coder of ``sitrep ingest`` run on Apache Spark.

:mod:`~sitrep.scale.shards` turns inputs into shards, :mod:`~sitrep.scale.worker` is what one Spark task
runs on one shard (``sitrep ingest``'s own :func:`~sitrep.ingest.runner.code_articles`),
:mod:`~sitrep.scale.tables` what its rows are and their Parquet schemas (the store's and the export's),
:mod:`~sitrep.scale.output` the output folder and its manifest, :mod:`~sitrep.scale.spark` the driver
(``sitrep spark``), :mod:`~sitrep.scale.load` the import into the store (``sitrep load``), and
:mod:`~sitrep.scale.submit` the same driver as a script for ``spark-submit``. pyspark is imported only
when a Spark run starts (``pip install 'sitrep[spark]'``); loading never needs it.
"""
