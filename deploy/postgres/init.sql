-- One PostgreSQL server, one database per service (each service also creates its own
-- when missing; this makes the layout explicit and works with a role that cannot).
CREATE DATABASE products;
CREATE DATABASE cart;
CREATE DATABASE sales;
CREATE DATABASE users;
CREATE DATABASE support;
CREATE DATABASE web;
