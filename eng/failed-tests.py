#!/usr/bin/env python3
"""Prints each failed test of a TRX file with the start of its error message (some messages carry log tails)."""
import sys
import xml.etree.ElementTree as ElementTree

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for result in ElementTree.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", NS):
    if result.get("outcome") != "Failed":
        continue
    message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS)
    print(f"FAILED {result.get('testName')}")
    for line in message.strip().splitlines()[:40]:
        print(f"    {line}")
