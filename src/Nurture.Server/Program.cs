using Nurture.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
await builder.AddNurtureAsync();

var app = builder.Build();
app.MapNurture();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
