from labkit.errors import UnknownAgentError
from labkit.multiagent import Kind, MessageBroker, run_sync


def deliver(agents, messages):
    async def main():
        broker = MessageBroker()
        for name in agents:
            broker.register(name)
        refused = []
        # Plausible mistake: one try around the whole loop -- the first unknown recipient ends the delivery run,
        # and every message after it is silently dropped.
        try:
            for sender, recipient, text in messages:
                await broker.post(sender, recipient, Kind.INFORMATION_SHARE, {"text": text})
        except UnknownAgentError:
            refused.append(recipient)
        return {"inbox": {name: broker.mailbox(name).qsize() for name in agents},
                "refused": refused, "logged": len(broker.log)}

    return run_sync(main(), timeout=60)
