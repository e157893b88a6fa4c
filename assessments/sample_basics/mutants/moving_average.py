def moving_average(xs, k):
    # Plausible mistake: off-by-one, the last window is lost.
    return [sum(xs[i:i + k]) / k for i in range(len(xs) - k)]
