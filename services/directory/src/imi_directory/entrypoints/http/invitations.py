"""HTTP API of the directory: invitations."""
from fastapi import APIRouter

router = APIRouter(tags=["invitations"])
