#!/usr/bin/env python3
# The miniature's list of subtrees its lints skip, in the shape of Core's (v28 on).

SHARED_EXCLUDED_SUBTREES = ["src/crypto/ctaes/",
                 "src/secp256k1/",
                ]
