namespace Nurture.Server.Access;

/// <summary>Registers access to /api (users, keys, sign-in) and maps its routes; the middleware is put in the pipeline by the host.</summary>
public static class AccessRegistration
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration("Nurture:Access").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<KeyAuthenticator>();
        return services;
    }

    /// <summary>Sign-in, users and keys.</summary>
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder api)
    {
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapKeysApi();
        return api;
    }
}
