"""Security primitives with no knowledge of the store or the rules: the audit chain's
hash, password and token hashing, and the encrypted backup format.

They live below both `store` (which writes chained audit entries) and `services`
(which verifies them and holds the rules), so neither has to import the other.
"""
