#!/usr/bin/env python3
"""Python `cryptography` Fernet, 1 KiB encrypt and decrypt per second (the baseline for bench/README.md)."""
import os
import timeit

import cryptography
from cryptography.fernet import Fernet

SIZE = 1024
f = Fernet(Fernet.generate_key())
data = os.urandom(SIZE)
token = f.encrypt(data)


def rate(stmt):
    timer = timeit.Timer(stmt, globals={"f": f, "data": data, "token": token})
    number, _ = timer.autorange()
    best = min(timer.repeat(repeat=5, number=number))
    return number / best


print(f"cryptography {cryptography.__version__}, plaintext {SIZE} bytes")
print(f"encrypt: {rate('f.encrypt(data)'):,.0f} ops/s")
print(f"decrypt: {rate('f.decrypt(token)'):,.0f} ops/s")
