"""The demo district: an invented but realistic register for trying Kansli out and for the benchmarks."""

from db.demo.generator import DEMO_DISTRICT, DemoSummary, generate_demo

__all__ = ["DEMO_DISTRICT", "DemoSummary", "generate_demo"]
