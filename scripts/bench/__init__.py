"""Benchmarks (printed numbers, never test assertions)."""
