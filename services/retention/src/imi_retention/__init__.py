"""IMI retention service."""
