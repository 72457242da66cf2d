INSERT INTO products (id, name, category, price) VALUES
    (1, 'Squeaky Octopus', 'Dog toys', 7.99),
    (2, 'Catnip Kraken', 'Cat toys', 5.49),
    (3, 'Deep Sea Kibble 5kg', 'Dog food', 24.00),
    (4, 'Tentacle Scratching Post', 'Cat furniture', 39.95);
