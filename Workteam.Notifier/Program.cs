using Workteam.Notifier;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifierServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
