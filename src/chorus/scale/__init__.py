"""Distributed runners: the same stages on an existing engine (Spark) for corpora beyond one machine."""
