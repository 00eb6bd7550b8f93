"""HTTP API of the directory: authorities."""
from fastapi import APIRouter

router = APIRouter(tags=["authorities"])
