from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (``wijknet bench``): an app only so that it owns its
    management command. It has no models and sits above every other app:
    it may import any of them, and none of them imports it."""

    name = "wijknet.bench"
    label = "bench"
    verbose_name = "Benchmark"
