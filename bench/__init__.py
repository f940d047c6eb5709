"""Benchmarks: `make bench` (bench/run.py) and what it shares with the tests."""
