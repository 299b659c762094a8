// Every test here starts or uses a whole Workteam (PostgreSQL, RabbitMQ, smtp4dev): the fast loop leaves them out with
// --filter-not-trait "Category=Integration". A test elsewhere that needs a running server carries the same trait.
[assembly: Trait("Category", "Integration")]
