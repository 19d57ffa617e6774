"""A stock fastapi-users application (pinned in requirements.txt), set up as its documentation
shows: the JWT authentication backend with a bearer transport and a SQLAlchemy user database.
Its login answers only {"access_token", "token_type"}: no refresh token, no expires_in (the JWT
carries exp). For authhelper's integration tests, on a loopback port.

    python fastapi_users_server.py --data DIR [--lifetime SECONDS]

Prints `listening on http://127.0.0.1:PORT` once it serves. One user: demo@example.com /
demo-password. GET /users/me needs a valid token; GET /_test/stats counts logins.
"""
import argparse
import asyncio
import os
import socket
import uuid

import uvicorn
from fastapi import Depends, FastAPI
from fastapi_users import BaseUserManager, FastAPIUsers, UUIDIDMixin, schemas
from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy
from fastapi_users.db import SQLAlchemyBaseUserTableUUID, SQLAlchemyUserDatabase
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--lifetime", type=int, default=3600)
args = parser.parse_args()
os.makedirs(args.data, exist_ok=True)

SECRET = "authhelper-test-server-only"
engine = create_async_engine(f"sqlite+aiosqlite:///{os.path.join(args.data, 'users.db')}")
session_maker = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class User(SQLAlchemyBaseUserTableUUID, Base):
    pass


class UserRead(schemas.BaseUser[uuid.UUID]):
    pass


class UserCreate(schemas.BaseUserCreate):
    pass


async def get_async_session():
    async with session_maker() as session:
        yield session


async def get_user_db(session: AsyncSession = Depends(get_async_session)):
    yield SQLAlchemyUserDatabase(session, User)


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    reset_password_token_secret = SECRET
    verification_token_secret = SECRET


async def get_user_manager(user_db=Depends(get_user_db)):
    yield UserManager(user_db)


bearer_transport = BearerTransport(tokenUrl="auth/jwt/login")


def get_jwt_strategy() -> JWTStrategy:
    return JWTStrategy(secret=SECRET, lifetime_seconds=args.lifetime)


auth_backend = AuthenticationBackend(name="jwt", transport=bearer_transport, get_strategy=get_jwt_strategy)
fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [auth_backend])

app = FastAPI()
app.include_router(fastapi_users.get_auth_router(auth_backend), prefix="/auth/jwt", tags=["auth"])
app.include_router(fastapi_users.get_users_router(UserRead, schemas.BaseUserUpdate), prefix="/users", tags=["users"])

logins = {"count": 0}


@app.middleware("http")
async def count_logins(request, call_next):
    response = await call_next(request)
    if request.url.path == "/auth/jwt/login":
        logins["count"] += 1
    return response


@app.get("/_test/stats")
async def stats():
    return {"logins": logins["count"]}


async def main():
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with session_maker() as session:
        manager = UserManager(SQLAlchemyUserDatabase(session, User))
        await manager.create(UserCreate(email="demo@example.com", password="demo-password"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(f"listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    await server.serve(sockets=[sock])


asyncio.run(main())
