"""Présentation: the story told to elected officials, the workshop mode, the room's vote and the report."""
