namespace PyChat.Client;
