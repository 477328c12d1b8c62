"""Actors: the dictionaries of countries, organisations and people that sitrep codes against."""

from sitrep.actors.dictionary import ActorDictionary, Country, Organisation, PersonRole, load_dictionary

__all__ = ["ActorDictionary", "Country", "Organisation", "PersonRole", "load_dictionary"]
