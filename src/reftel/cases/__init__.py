"""Cases: what is known across cables (reference chains, action tracking, markings, ...)."""
