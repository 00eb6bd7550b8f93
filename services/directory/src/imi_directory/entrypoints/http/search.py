"""HTTP API of the directory: search."""
from fastapi import APIRouter

router = APIRouter(tags=["search"])
