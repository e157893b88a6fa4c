"""Arithmetic word problems: each kind of relation on its own phrasing, every quantity used or an honest abstention,
the simulated slips at temperature > 0, and one derived step over a context."""

from __future__ import annotations

import random

import pytest

from labkit.llm.offline.arithmetic import (CANNOT_READ, Abstention, Solution, derive, find_expression, solve,
                                           work_out)


@pytest.mark.parametrize("problem, answer", [
    # percentages: discounts, increases, tips, tax, part of a whole, change in percent
    ("A jacket costs 80 dollars and is discounted by 25%. What is the sale price?", "$60"),
    ("A shirt costs $25 and is 20% off. How much do you save?", "$5"),
    ("A meal costs $40. You leave a 15% tip. How much do you pay in total?", "$46"),
    ("A book costs 20 euros plus 10% tax. What is the total price?", "€22"),
    ("Three notebooks cost $4 each and sales tax is 5%. What is the total?", "$12.60"),
    ("What is 15% of 80?", "12"),
    ("30 of the 120 members voted. What percentage voted?", "25%"),
    ("The price of a ticket rose from 80 to 100. By what percentage did it rise?", "25%"),
    # change from a payment
    ("Lena buys four pens at $1.50 each and pays with a $10 note. How much change does she get?", "$4"),
    ("How much change do you get from a $10 note if you buy four $1.50 pens?", "$4"),
    # rates and times
    ("A tank holds 1200 litres. It drains at 40 litres per minute. How many minutes until it is empty?", "30 minutes"),
    ("How long does it take to drive 240 km at 80 km/h?", "3 hours"),
    ("A car travels at 60 km/h for 2.5 hours. How far does it go?", "150 km"),
    ("Sara earns $15 per hour. She works 8 hours. How much does she earn?", "$120"),
    ("A car uses 6 litres of fuel per 100 km. How much fuel for 250 km?", "15 litres"),
    ("A cyclist rides 45 km in 3 hours. What is her average speed?", "15 km per hour"),
    # ratios and scaling, unit prices
    ("The ratio of boys to girls in a class is 3:5. There are 24 boys. How many girls are there?", "40"),
    ("A recipe for 4 people uses 300 g of flour. How much flour is needed for 10 people?", "750 g"),
    ("3 kg of apples cost $7.50. How much do 5 kg cost?", "$12.50"),
    ("If 5 notebooks cost $12, how much do 8 notebooks cost?", "$19.20"),
    # ages and comparisons
    ("Ben is 12 years old. Anna is twice as old as Ben. How old is Anna?", "24"),
    ("Ben is 12. Anna is 4 years older than Ben. How old will Anna be in 5 years?", "21"),
    ("Lena is 3 times as old as her son. Her son is 11. How old is Lena?", "33"),
    # a fixed fee plus a rate; a rate of hours per day; growth in percent between two years
    ("A taxi charges 3 dollars plus 2 dollars per km. How much is a 7 km ride?", "$17"),
    ("A lighthouse keeper works 12 hours a day for 5 days. How many hours is that?", "60 hours"),
    ("The club had 120 members last year and 150 this year. By what percentage did membership grow?", "25%"),
    ("A bookshop sells a novel for 18 euros and gives a 10% discount to members. What does a member pay?", "€16.20"),
    ("Tickets are 15 dollars each. A group spends 105 dollars. How many tickets did they buy?", "7"),
    ("The island has 1,200 residents and 3 times as many sheep. How many sheep are there?", "3600 sheep"),
    ("Sofie saved 45 euros in March and twice as much in April. How much did she save in April?", "€90"),
    ("A 2 kg bag of rice costs 5.40 euros. What is the price per kg?", "€2.70 per kg"),
    ("Mia was born in 1990. How old is she in 2025?", "35 years"),
    # clock times
    ("A film starts at 18:30 and lasts 2 hours and 15 minutes. What time does it end?", "20:45"),
    ("I need to be at work by 09:00 and the commute takes 45 minutes. What time should I leave?", "08:15"),
    ("The bus leaves at 09:15 and arrives at 11:40. How long is the journey?", "2 hours 25 minutes"),
    # averages, differences, what remains, sequences; numbers in words and with separators
    ("Tom scored 80, 90 and 70 in three tests. What is his average score?", "80"),
    ("Population grew from 2,000 to 2,500. What is the difference?", "500"),
    ("The hall has 1,250 seats and 980 are taken. How many seats are free?", "270 seats"),
    ("A farmer has twelve cows and buys a dozen more. How many cows does he have?", "24"),
    ("Maria has 12 apples. She gives away 5 and then buys 8 more. How many apples does she have?", "15"),
    ("If 48 sweets are shared equally among 6 children, how many does each child get?", "8"),
    # several relations in one problem
    ("Sam saves 15 dollars each week for 6 weeks and then spends 32 dollars. How much money does he have?", "$58"),
    ("Tom has 3 boxes of 12 pencils. He gives away 7 pencils. How many pencils does he have left?", "29"),
    ("A library has 240 books and buys 35 more. Later it gives away 60 old ones. How many books does it have?", "215"),
    ("A cinema ticket costs 12 dollars. A family buys 5 tickets and pays with a 100 dollar note. "
     "How much change do they get?", "$40"),
    ("A shop sells pencils at 3 for 1 dollar. How many dollars do 27 pencils cost?", "$9"),
    ("Half of the 36 students in a class walk to school, and a third of the rest come by bus. How many come by bus?",
     "6 students"),
    ("Ana reads 25 pages a day. Her book has 340 pages and she has read 90. How many more days does she need to "
     "finish it?", "10 days"),
])
def test_word_problems(problem, answer):
    solution = work_out(problem)
    assert isinstance(solution, Solution), solution
    assert solution.answer == answer
    assert solution.steps and all("=" in step or "is" in step for step in solution.steps)


@pytest.mark.parametrize("problem, named", [
    ("Sam has 5 apples and 3 pears. How many apples does he have after eating 2?", "3 pears"),
])
def test_an_unused_quantity_is_named_not_ignored(problem, named):
    found = work_out(problem)
    assert isinstance(found, Abstention) and named in found.reason


@pytest.mark.parametrize("problem", [
    "A train travels at 80 km/h. How long does the journey take?",  # no distance
    "A shop sells apples. How much do 5 apples cost?",  # no price
])
def test_underspecified_problems_abstain(problem):
    found = work_out(problem)
    assert isinstance(found, Abstention) and found.reason == CANNOT_READ
    assert solve(problem) is None


@pytest.mark.parametrize("text", ["What is the capital of Peru?", "How many moons does Mars have?", "Hello there"])
def test_no_arithmetic_is_none(text):
    assert work_out(text) is None


@pytest.mark.parametrize("text, expression, value", [
    ("What is 12 * (3 + 4)?", "12 * (3 + 4)", 84),
    ("how much is 2^10 minus 24", "2^10 - 24", 1000),
    ("What is twelve multiplied by 1,250?", "12 * 1250", 15000),
])
def test_plain_expressions(text, expression, value):
    assert find_expression(text) == expression
    assert solve(text).value == value


def test_code_is_never_evaluated():
    assert solve("What is __import__('os').system('echo hacked')?") is None


def test_slips_are_a_simulation_that_can_be_switched_off():
    problem = "A jacket costs 80 dollars and is discounted by 25%. What is the sale price?"
    rng = random.Random(1)
    hot = [work_out(problem, temperature=1.0, rng=rng).value for _ in range(60)]
    assert hot.count(60) > 30 and len(set(hot)) > 1  # mostly right, sometimes slipped
    rng = random.Random(1)
    assert {work_out(problem, temperature=1.0, rng=rng, slip_rate=0).value for _ in range(20)} == {60}


def test_derive_one_step_over_a_context():
    ferry = ["The ferry Nordlys departs Tromso at 18:30.", "The crossing takes 2 hours and 15 minutes."]
    assert derive("At what time does the Nordlys arrive?", ferry).answer == "20:45"
    glacier = ["The Storbreen glacier retreated 40 metres in 2019 and 55 metres in 2020."]
    assert derive("How much did the glacier retreat in 2021?", glacier) is None
    assert derive("How much did the glacier retreat in total?", glacier).answer == "95 metres"
    assert derive("How many more metres did it retreat in 2020 than in 2019?", glacier).answer == "15 metres"
    assert derive("Who built the ferry?", ferry) is None
    bakery = ["On Friday the bakery sold 120 sourdough loaves and 85 rye loaves."]
    assert derive("How many loaves did the bakery sell in total?", bakery).answer == "205 loaves"
    choir = ["The choir was founded in 1994 and celebrated a jubilee concert in 2019."]
    assert derive("How many years after its founding was the jubilee concert?", choir).answer == "25 years"


@pytest.mark.parametrize("problem", [
    "A bat and a ball cost 1.10 dollars together. The bat costs 1 dollar more than the ball. How many cents does the "
    "ball cost?",  # two unknowns: not a running total
    "Two pipes fill a tank. The first pipe alone takes 3 hours and the second pipe alone takes 6 hours. How many "
    "hours do they take together?",
    "A kayak rental costs 25 euros for the first hour and 15 euros for each extra hour. How much for 4 hours?",
])
def test_problems_beyond_its_readers_abstain_instead_of_guessing(problem):
    assert isinstance(work_out(problem), Abstention)


def test_a_when_question_without_clock_times_is_not_arithmetic():
    assert work_out("The library charges 20 cents per day, capped at 5 euros per book. When does it close?") is None


@pytest.mark.parametrize("problem, answer", [
    ("A mine needs 4,100 tonnes of cement moved, and each truck carries 38 tonnes. How many truck trips are needed?",
     "108"),
    ("A minibus seats 16 people. 64 people go on the outing. How many minibuses are needed?", "4"),
    ("Each crate holds 24 bottles. The brewery fills 250 bottles. How many full crates can it pack?", "10"),
])
def test_containers_round_up_unless_only_full_ones_count(problem, answer):
    assert work_out(problem).answer == answer


@pytest.mark.parametrize("problem, said", [
    ("The mill ground 38 sacks in March and 52 in April, and its best month was May. How many sacks in May?", "May"),
    ("Tickets cost £12 a ticket for adults and £5 a ticket for children. A club buys some tickets for adults and "
     "the rest for children. What is the total?", "how many tickets"),
])
def test_a_quantity_the_problem_never_states_is_named_not_guessed(problem, said):
    result = work_out(problem)
    assert not hasattr(result, "answer") and said in result.reason


def test_a_period_stated_by_a_relation_still_counts():
    assert work_out("Ola saved 45 euros in March and twice as much in April. How much did she save in April?").answer \
        == "€90"


def test_an_opening_rate_multiplies_its_own_unit_before_an_extra_is_added():
    problem = "A farrier charges £40 an hour and the job takes 3 hours. The new shoes add £48. What is the total bill?"
    assert work_out(problem).answer == "£168"


def test_a_rate_with_no_count_of_its_unit_is_not_added_to_a_fixed_charge():
    # "for each mile after that" needs the number of miles; adding the rate to the first fee answers nothing
    problem = ("A cab charges $6 for the first mile and $2 for each mile after that. How much does the trip to the "
               "station cost?")
    assert isinstance(work_out(problem), Abstention)


@pytest.mark.parametrize("problem, answer", [
    ("Pottery classes cost £14 per student, and the studio takes £20 off the whole group booking. What do 5 "
     "students pay?", "£50"),
    ("Seedlings are £3 each and delivery is a £6 fee. How much do 9 seedlings cost delivered?", "£33"),
])
def test_a_price_times_a_count_with_one_sum_off_or_on(problem, answer):
    assert work_out(problem).answer == answer


def test_a_price_each_is_not_multiplied_by_a_reference_number():
    found = work_out("A glazier charges £12 each for panes and a £15 call-out fee. Job number 4471. What is the bill?")
    assert getattr(found, "value", None) is None


def test_a_winning_margin_is_a_difference():
    assert work_out("Harrow Vale beat Stoke Lacy 31 to 19. By how many points did they win?").value == 12


def test_a_rate_term_the_reading_leaves_out_is_not_guessed():
    found = work_out("A baker uses 300 g of rye for every 2 loaves. How many grams of rye does she need for 50 loaves?")
    assert not (isinstance(found, Solution) and found.value == 15000)


def test_no_step_over_two_distances_gives_a_time():
    assert derive("By how many seconds does the red boat win?",
                  ["The red boat rows the 2 km course.", "The blue boat averages 18 km/h."]) is None


def test_a_year_the_figures_skip_has_no_figure_of_its_own():
    # figures given year by year, and a question about a year between them: no rule derives it
    skipped = work_out("The Tarnhollow choir sang 18 concerts in 2023 and 27 concerts in 2025. "
                       "How many concerts did it sing in 2024?")
    assert isinstance(skipped, Abstention) and "2024" in skipped.reason and "cannot" in skipped.reason
    # years the figures name, asked about together, are arithmetic
    assert work_out("The Tarnhollow choir sang 18 concerts in 2023 and 27 concerts in 2025. How many more concerts "
                    "did it sing in 2025 than in 2023?").answer == "9 concerts"


def test_a_gap_is_never_a_running_sum_of_every_figure():
    gap = work_out("A quiz is won by the first team to 30 points. We have 22 and the Owls have 27. "
                   "How many more points do we need to win?")
    assert not isinstance(gap, Solution) or gap.answer.split()[0] == "8"


def test_a_speed_is_given_in_the_unit_the_question_writes():
    assert work_out("A rower covers 2 km in 8 minutes. What is her average speed in km/h?").answer == "15 km per hour"
    assert work_out("He cycles 9 miles in 45 minutes. What is his speed in mph?").answer == "12 miles per hour"


def test_a_change_by_a_fraction_leaves_the_rest_and_the_part_is_asked_as_such():
    from labkit.llm.offline.arithmetic import solve
    assert solve("The rope is 366 m long and shortens by a third when laid. How long is the laid rope?").value == 244
    assert solve("A lamp costs 80 dollars and is reduced by a quarter. What is the sale price?").value == 60
    assert solve("A lamp costs 80 dollars and is reduced by a quarter. How much is the discount?").value == 20
