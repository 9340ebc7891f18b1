"""The synthetic city: a deterministic generator of a realistic Xuzhou population.

Pure Python (numpy + pyarrow), no Django: the same generator feeds the demo
database (through the demo app, `minzheng.demo.city`) and the benchmark-scale Parquet
files that the analytics side reads.
"""
