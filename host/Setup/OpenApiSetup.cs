using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace QueueEngine.Host.Setup;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, with the Bearer API-key scheme.</summary>
    public static IServiceCollection AddQueueEngineOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "QueueEngine API";
            document.Info.Description =
                "Queues, agents, memberships, extensions and sounds of a call-center queue engine. "
                + "Every request except the health probes and this document needs 'Authorization: Bearer <api key>'.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The admin key (QueueEngine:AdminApiKey) or a client's key (from POST /client/).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            return Task.CompletedTask;
        }));
}
