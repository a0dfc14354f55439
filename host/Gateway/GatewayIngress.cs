using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Options;
using QueueEngine.Gateway;
using QueueEngine.Hosting;
using QueueEngine.Host.Setup;
using QueueEngine.Host.Storage;

namespace QueueEngine.Host.Gateway;

/// <summary>What became of one gateway event: 202 accepted, 404 (unknown or ended), 409 (conflict), 503.</summary>
public sealed record GatewayEventOutcome(int Status, string Event, string? Detail)
{
    public bool Accepted => Status == StatusCodes.Status202Accepted;
}

/// <summary>
/// Delivers the events of <c>POST /gateway/events</c> to the engine, one at a time, and says what
/// happened to each. Before the engine's router: a call.entered must name a queue extension and
/// an agent event an existing agent; an event naming a leg, playback or digit request must name one
/// the engine issued for that call and is not done with (<see cref="GatewayCalls"/>). Then the
/// router answers: routed, or refused (unknown or ended call; a call already in another queue; a
/// call.entered for a call that already ended).
/// </summary>
public sealed class GatewayIngress(
    IRequiredActor<GatewayEventsRouter> router, ConfigStore store, GatewayCalls calls, IOptions<ApiOptions> options,
    ILogger<GatewayIngress> log)
{
    public async Task<GatewayEventOutcome> DeliverAsync(IGatewayEvent e, CancellationToken ct)
    {
        if (e is ICallEvent call && calls.HasEnded(call.CallId))
            return e is CallEntered
                ? Refuse(e, StatusCodes.Status409Conflict, $"call {call.CallId} has already ended")
                : Refuse(e, StatusCodes.Status404NotFound, $"call {call.CallId} has ended");
        switch (e)
        {
            case CallEntered entered:
                if (store.Read(s => s.FindExtension(entered.ExtensionId)) is not { IsQueue: true })
                    return Refuse(e, StatusCodes.Status404NotFound, $"extension {entered.ExtensionId} is not a queue");
                calls.Entering(entered.CallId, entered.ExtensionId, Stopwatch.GetTimestamp());
                break;
            case AgentExternalCall external:
                if (store.Read(s => s.FindAgent(external.Agent.Id)) is not { } agent || agent.Kind != external.Agent.Kind)
                    return Refuse(e, StatusCodes.Status404NotFound, $"agent {external.Agent} does not exist");
                break;
            default:
                if (calls.UnknownId(e) is { } unknown) return Refuse(e, StatusCodes.Status404NotFound, unknown);
                break;
        }

        object answer;
        try
        {
            var routerRef = await router.GetAsync(ct);
            answer = await routerRef.Ask<object>(e, TimeSpan.FromSeconds(options.Value.EngineTimeoutSeconds), ct);
        }
        catch (AskTimeoutException)
        {
            log.LogError("The engine did not take gateway event {Event} within {TimeoutSeconds} s", e.Name, options.Value.EngineTimeoutSeconds);
            return new GatewayEventOutcome(StatusCodes.Status503ServiceUnavailable, e.Name, "the engine did not answer in time; send the event again");
        }

        if (answer is GatewayEventRejected rejected)
        {
            if (e is CallEntered c)
            {
                calls.EnterRefused(c.CallId);
                return new GatewayEventOutcome(StatusCodes.Status409Conflict, e.Name, rejected.Reason);
            }
            return new GatewayEventOutcome(StatusCodes.Status404NotFound, e.Name, rejected.Reason);
        }
        switch (e)
        {
            case CallHangup hangup:
                calls.HungUp(hangup.CallId);
                break;
            case LegEvent { Kind: not LegEventKind.Answered } leg:
                calls.LegOver(leg.CallId, leg.LegId);
                break;
        }
        return new GatewayEventOutcome(StatusCodes.Status202Accepted, e.Name, null);
    }

    private GatewayEventOutcome Refuse(IGatewayEvent e, int status, string reason)
    {
        log.LogWarning("Gateway event {Event} ignored: {Reason}", e.Name, reason);
        return new GatewayEventOutcome(status, e.Name, reason);
    }
}
