"""Voice encoder conversion (``python -m models.voice_encoder.convert``)."""
