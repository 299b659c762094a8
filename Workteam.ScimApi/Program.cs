using Workteam.ScimApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddScimApiServices();

var app = builder.Build();
await app.MigrateScimDatabaseAsync();
app.MapDefaultEndpoints();
app.MapScimEndpoints();
app.Run();
