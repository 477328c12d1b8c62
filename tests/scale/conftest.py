"""One local[2] Spark session for the Spark tests of a module (a JVM takes seconds to start).

The Spark tests skip on a machine without pyspark or Java, saying which; in CI (``$CI`` set) they fail
instead: ``make install`` installs pyspark (the ``spark`` extra) and CI has Java.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from sitrep.errors import ConfigError


def spark_missing() -> str | None:
    """Why Spark cannot run here (no pyspark, no Java), or None."""
    from sitrep.scale.spark import check_java, check_pyspark

    try:
        check_pyspark()
        check_java()
    except ConfigError as error:
        return str(error)
    return None


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A local[2] SparkSession, shared by a module's Spark tests (and stopped after them: its JVM and Python
    workers hold about a gigabyte)."""
    reason = spark_missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Spark tests: " + reason)
        pytest.skip(reason)
    from sitrep.scale.spark import session

    spark = session("local[2]", [("spark.sql.shuffle.partitions", "2")])
    yield spark
    spark.stop()
