"""Benchmarks, run with `make bench`. Each figure is a ratio against a baseline measured in the same run."""
