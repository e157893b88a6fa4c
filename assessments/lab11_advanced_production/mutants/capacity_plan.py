from labkit.production.scaling import Region, downtime_per_year, parallel_availability, plan_regions


def capacity_plan(regions, latency_s, slots, availability_each):
    # Plausible mistake: each region is sized for its own traffic only -- when one region fails, the others cannot
    # absorb its users, so the redundancy the availability figure assumes does not exist.
    plan = plan_regions([Region(name, rate, rtt, cost) for name, rate, rtt, cost in regions], latency_s, slots,
                        availability_each, target_utilisation=0.7, failover_headroom=False)
    availability = parallel_availability([availability_each] * len(regions))
    return {"replicas": {row["region"]: row["replicas"] for row in plan},
            "cost_per_day": round(sum(row["cost_per_day"] for row in plan), 2),
            "availability": round(availability, 9),
            "downtime_hours": round(downtime_per_year(availability), 3)}
