"""Orders and licences, their requirements and licence conditions, and the MHTR register."""
