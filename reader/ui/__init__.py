"""The Qt layer: small widgets wired by signals; no domain logic lives here."""
