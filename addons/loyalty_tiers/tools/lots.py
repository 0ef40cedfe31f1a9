"""How an award or a spend moves points between a card's lots (pure functions, no ORM)."""


def consume_oldest_first(lots, points):
    """Take ``points`` from ``lots``, a list of (lot id, remaining points) in spending order
    (soonest expiry first). Returns the (lot id, points taken) pairs and what was missing."""
    takes = []
    missing = points
    for lot_id, remaining in lots:
        if missing <= 0:
            break
        take = min(remaining, missing)
        if take > 0:
            takes.append((lot_id, take))
            missing -= take
    return takes, max(missing, 0.0)
