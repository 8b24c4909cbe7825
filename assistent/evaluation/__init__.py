"""Measure it: the eval runner (dev, own and blind sets), benchmarks and the load test."""
