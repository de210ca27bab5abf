from django.db import models


class SeedRecord(models.Model):
    """Marks that the synthetic municipality was generated, so `wijknet demo`
    and `wijknet seed` can run again without duplicating anything."""

    scale = models.CharField(max_length=2)
    seed = models.IntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.scale}/{self.seed}"
