"""Password hashing for the tests: the production algorithm with few iterations.

Django's PBKDF2 hasher takes about 0.35 s per password on this machine (by design). Every test
that creates a user or logs in with a form pays it, and the suite does that hundreds of times in
each pass. The hash this hasher writes still names `pbkdf2_sha256` and carries its own iteration
count, so a server started with the production settings (granian behind nginx in
tests/test_several_servers.py, the proxy tests) verifies it as usual, then upgrades it on login.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
