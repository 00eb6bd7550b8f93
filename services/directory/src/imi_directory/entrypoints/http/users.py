"""HTTP API of the directory: users."""
from fastapi import APIRouter

router = APIRouter(tags=["users"])
