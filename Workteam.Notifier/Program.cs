using Workteam.Notifier;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifierServices();

var app = builder.Build();
await app.MigrateNotifierDatabaseAsync();
app.MapDefaultEndpoints();
app.Run();
