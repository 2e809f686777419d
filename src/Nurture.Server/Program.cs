using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Server.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddNurture();

    var app = builder.Build();
    app.MapNurture();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A wrong setting is the operator's to fix: say which, without a stack trace.
    Console.Error.WriteLine($"Nurture cannot start: {string.Join(" ", ex.Failures)}");
    return 2;
}
catch (InvalidOperationException ex) when (ex.TargetSite?.DeclaringType?.FullName == "Microsoft.Extensions.Configuration.ConfigurationBinder")
{
    // A value of the wrong form ("abc" for a duration): the binder's message names the setting and the type it wants.
    Console.Error.WriteLine($"Nurture cannot start: {ex.Message}");
    return 2;
}
catch (Orleans.Runtime.OrleansConfigurationException ex)
{
    // Orleans' own options that do not fit together (its names, as in Nurture:Cluster:Membership).
    Console.Error.WriteLine($"Nurture cannot start: the cluster settings (Nurture:Cluster) do not fit together: {ex.Message}");
    return 2;
}
catch (NpgsqlException ex)
{
    Console.Error.WriteLine($"Nurture cannot start: PostgreSQL (ConnectionStrings:Postgres) refused or is unreachable: {ex.Message}");
    return 2;
}

/// <summary>The entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
