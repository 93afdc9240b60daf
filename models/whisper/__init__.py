"""Whisper model conversion (``python -m models.whisper.convert_ct2_to_openai``)."""
