package org.customerhub; public class HubMain { public static void main(String[] a){} }
