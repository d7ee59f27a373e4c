"""Shipped default profiles (JSON files in the rules/, strategies/, betting/ and configs/ folders)."""  # noqa: E501
